package io.tenantlink.mapping;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One address (lower case) a directory user answers to: persons are matched by querying these. */
@Entity
@Table(name = "directory_user_address")
@IdClass(DirectoryAddress.Key.class)
public class DirectoryAddress {

    /** The composite key (connection, address, user). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long connectionId;
        private String addressKey;
        private String objectId;

        public Key() {}

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k
                    && k.connectionId == connectionId
                    && java.util.Objects.equals(k.addressKey, addressKey)
                    && java.util.Objects.equals(k.objectId, objectId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(connectionId, addressKey, objectId);
        }
    }

    @Id
    @Column(name = "connection_id")
    private long connectionId;

    @Id
    @Column(name = "address_key")
    private String addressKey;

    @Id
    @Column(name = "object_id")
    private String objectId;

    protected DirectoryAddress() {}

    public DirectoryAddress(long connectionId, String addressKey, String objectId) {
        this.connectionId = connectionId;
        this.addressKey = addressKey;
        this.objectId = objectId;
    }

    public String getAddressKey() {
        return addressKey;
    }

    public String getObjectId() {
        return objectId;
    }
}
